import { nodeWebgpuBackend } from '@othergrad/backend-webgpu/node'
import { registerWebgpuSoftplus } from './webgpuSuite'

// Node: Dawn (on Mesa's OpenGL ES without a GPU).
registerWebgpuSoftplus(() => nodeWebgpuBackend())
