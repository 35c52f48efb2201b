# PyTorch's classic MNIST loop, the original that src/train.ts ports line by line (see the
# "Coming from PyTorch" guide, docs/coming-from-pytorch.md). Kept for reference; CI runs the port.
import sys

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from tqdm import tqdm


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        return self.fc2(x)


epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
torch.manual_seed(0)
train_set = datasets.MNIST('data', train=True, download=True, transform=transforms.ToTensor())
test_set = datasets.MNIST('data', train=False, transform=transforms.ToTensor())
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000)

model = Net()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)

for epoch in range(epochs):
    model.train()
    progress = tqdm(train_loader, desc=f'epoch {epoch + 1}')
    for x, y in progress:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        progress.set_postfix(loss=loss.item())

    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            correct += (model(x).argmax(1) == y).sum().item()
    print(f'epoch {epoch + 1}: test accuracy {correct / len(test_set):.4f}')
