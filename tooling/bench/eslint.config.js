import { eslintConfig } from '../eslint.config.js'

export default eslintConfig
