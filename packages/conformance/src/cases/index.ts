// Every case core's ops must pass, one file per op (as in Burn's backend-tests).
import type { ConformanceCase } from '../case'
import { negCases } from './neg'
import { absCases } from './abs'
import { signCases } from './sign'
import { expCases } from './exp'
import { logCases } from './log'
import { sqrtCases } from './sqrt'
import { rsqrtCases } from './rsqrt'
import { reciprocalCases } from './reciprocal'
import { squareCases } from './square'
import { reluCases } from './relu'
import { sigmoidCases } from './sigmoid'
import { tanhCases } from './tanh'
import { sinCases } from './sin'
import { cosCases } from './cos'
import { expm1Cases } from './expm1'
import { log1pCases } from './log1p'
import { floorCases } from './floor'
import { ceilCases } from './ceil'
import { roundCases } from './round'
import { addCases } from './add'
import { subCases } from './sub'
import { mulCases } from './mul'
import { divCases } from './div'
import { powCases } from './pow'
import { maximumCases } from './maximum'
import { minimumCases } from './minimum'
import { eqCases } from './eq'
import { neCases } from './ne'
import { ltCases } from './lt'
import { leCases } from './le'
import { gtCases } from './gt'
import { geCases } from './ge'
import { logicalAndCases } from './logicalAnd'
import { logicalOrCases } from './logicalOr'
import { logicalNotCases } from './logicalNot'
import { whereCases } from './where'
import { clampCases } from './clamp'
import { castCases } from './cast'
import { matmulCases } from './matmul'
import { linearCases } from './linear'
import { transposeCases } from './transpose'
import { permuteCases } from './permute'
import { reshapeCases } from './reshape'
import { flattenCases } from './flatten'
import { squeezeCases } from './squeeze'
import { unsqueezeCases } from './unsqueeze'
import { expandCases } from './expand'
import { catCases } from './cat'
import { stackCases } from './stack'
import { narrowCases } from './narrow'
import { sliceCases } from './slice'
import { selectCases } from './select'
import { cloneCases } from './clone'
import { gatherCases } from './gather'
import { indexSelectCases } from './indexSelect'
import { scatterAddCases } from './scatterAdd'
import { sumCases } from './sum'
import { meanCases } from './mean'
import { maxCases } from './max'
import { minCases } from './min'
import { amaxCases } from './amax'
import { aminCases } from './amin'
import { argmaxCases } from './argmax'
import { argminCases } from './argmin'
import { softmaxCases } from './softmax'
import { logSoftmaxCases } from './logSoftmax'
import { crossEntropyCases } from './crossEntropy'
import { nllLossCases } from './nllLoss'
import { programsCases } from './programs'
import { arangeCases } from './arange'
import { linspaceCases } from './linspace'
import { eyeCases } from './eye'
import { fullCases } from './full'
import { inplaceCases } from './inplace'
import { autogradCases } from './autograd'
import { gradcheckCases } from './gradcheck'
import { memoryCases } from './memory'
import { sgdStepCases } from './sgdStep'
import { adamStepCases } from './adamStep'
import { randomCases } from './random'
import { viewCases } from './views'

/** All of core's conformance cases, in the order the suite runs them. */
export const allCases: readonly ConformanceCase[] = [
  // elementwise
  ...negCases,
  ...absCases,
  ...signCases,
  ...expCases,
  ...logCases,
  ...sqrtCases,
  ...rsqrtCases,
  ...reciprocalCases,
  ...squareCases,
  ...reluCases,
  ...sigmoidCases,
  ...tanhCases,
  ...sinCases,
  ...cosCases,
  ...expm1Cases,
  ...log1pCases,
  ...floorCases,
  ...ceilCases,
  ...roundCases,
  ...addCases,
  ...subCases,
  ...mulCases,
  ...divCases,
  ...powCases,
  ...maximumCases,
  ...minimumCases,
  ...eqCases,
  ...neCases,
  ...ltCases,
  ...leCases,
  ...gtCases,
  ...geCases,
  ...logicalAndCases,
  ...logicalOrCases,
  ...logicalNotCases,
  ...whereCases,
  ...clampCases,
  ...castCases,
  // matmul
  ...matmulCases,
  ...linearCases,
  // movement
  ...transposeCases,
  ...permuteCases,
  ...reshapeCases,
  ...flattenCases,
  ...squeezeCases,
  ...unsqueezeCases,
  ...expandCases,
  ...catCases,
  ...stackCases,
  ...narrowCases,
  ...sliceCases,
  ...selectCases,
  ...cloneCases,
  // indexing
  ...gatherCases,
  ...indexSelectCases,
  ...scatterAddCases,
  // reduce
  ...sumCases,
  ...meanCases,
  ...maxCases,
  ...minCases,
  ...amaxCases,
  ...aminCases,
  ...argmaxCases,
  ...argminCases,
  // composites
  ...softmaxCases,
  ...logSoftmaxCases,
  ...crossEntropyCases,
  ...nllLossCases,
  // creation and in-place
  ...arangeCases,
  ...linspaceCases,
  ...eyeCases,
  ...fullCases,
  ...inplaceCases,
  // programs and engine
  ...programsCases,
  ...autogradCases,
  ...gradcheckCases,
  ...memoryCases,
  ...sgdStepCases,
  ...adamStepCases,
  ...randomCases,
  ...viewCases,
]
