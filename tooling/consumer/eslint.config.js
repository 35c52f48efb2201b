import { eslintConfig } from '../eslint.config.js'

// Node scripts (and the fixtures' page, which runs in a browser), in plain JavaScript.
export default [
  ...eslintConfig,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        require: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  // A CommonJS consumer is the point of this fixture.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
]
