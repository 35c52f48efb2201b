import { eslintConfig } from './tooling/eslint.config.js'

export default eslintConfig
