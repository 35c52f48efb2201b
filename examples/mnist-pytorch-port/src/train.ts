// PyTorch's classic MNIST loop (train.py beside this folder's package.json), ported line by
// line. Run: pnpm start [epochs] [train digits] [test digits]. The "Coming from PyTorch" guide
// (docs/coming-from-pytorch.md) walks through every line that is not a mechanical rename.
import { manualSeed, noGrad, relu, setBackend, use, type Tensor } from '@othergrad/core'
import { wasmBackend } from '@othergrad/backend-wasm'
import { DataLoader } from '@othergrad/data'
import { CrossEntropyLoss, Linear, Module } from '@othergrad/nn'
import { SGD } from '@othergrad/optim'
import { mnist } from './mnist'
import { ProgressBar } from './progress'

class Net extends Module {
  fc1 = new Linear(784, 128)
  fc2 = new Linear(128, 10)

  forward(x: Tensor): Tensor {
    x = x.flatten(1)
    x = relu(this.fc1.forward(x))
    return this.fc2.forward(x)
  }
}

const [epochs = 3, trainLimit, testLimit] = process.argv.slice(2).map(Number)
use(wasmBackend())
await setBackend('wasm')
manualSeed(0)
const trainSet = await mnist({ train: true, limit: trainLimit })
const testSet = await mnist({ train: false, limit: testLimit })
const trainLoader = new DataLoader(trainSet, { batchSize: 64, shuffle: true })
const testLoader = new DataLoader(testSet, { batchSize: 1000 })

const model = new Net()
const lossFn = new CrossEntropyLoss()
const optimizer = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9, nesterov: true })

for (let epoch = 0; epoch < epochs; epoch++) {
  model.train()
  const progress = new ProgressBar(trainLoader.length, `epoch ${epoch + 1}`)
  for (const [x, y] of trainLoader) {
    optimizer.zeroGrad()
    const loss = lossFn.forward(model.forward(x), y)
    loss.backward()
    optimizer.step()
    progress.update({ loss: await loss.item() })
  }
  progress.close()

  model.eval()
  let correct = 0
  for (const [x, y] of testLoader) {
    const hits = noGrad(() => model.forward(x).argmax(1).eq(y).sum())
    correct += await hits.item()
  }
  console.log(`epoch ${epoch + 1}: test accuracy ${(correct / testSet.length).toFixed(4)}`)
}
