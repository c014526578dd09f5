import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

// zod/mini is bundled (tree-shaken to the few validators used here), so importing the
// package does not pay for loading zod's whole module graph.
export default defineConfig(packageBuild(import.meta.dirname, { noExternal: ['zod'] }));
