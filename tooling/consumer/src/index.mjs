/**
 * The consumer-test toolkit, for tests that need the packages as npm serves them: pack the
 * workspace, make a project outside the repository with the tarballs installed, bundle and open
 * pages in Chromium, and run the documentation's code blocks.
 */
export { packWorkspace, readTarball } from './pack.mjs'
export { createProject, linkWorkspaceModule, tarballDependencies } from './project.mjs'
export { bundleWithEsbuild, bundleWithVite, launchChromium, CHROMIUM_ARGS } from './browser.mjs'
export { collectBlocks, runnableBlocks, toCommonJs, toEsm } from './readme.mjs'
export { entryPoints, manifestProblems, satisfies } from './manifest.mjs'
export { runConsumerTest, documentationFiles } from './consumerTest.mjs'
export { Steps } from './steps.mjs'
export { exec } from './exec.mjs'
export { publicPackages, repoRoot, workspaceModule, workspacePackages } from './workspace.mjs'
