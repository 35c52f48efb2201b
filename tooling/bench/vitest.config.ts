import { vitestConfig } from '../vitest.config'

export default vitestConfig
