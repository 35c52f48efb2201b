import { vitestConfig } from '../../tooling/vitest.config'

export default vitestConfig
