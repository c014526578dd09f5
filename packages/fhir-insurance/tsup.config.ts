import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

// zod/mini is bundled (tree-shaken to the validators the builders and response shapes use), so
// importing the main entry does not pay for loading zod's whole module graph.
export default defineConfig(packageBuild(import.meta.dirname, { noExternal: ['zod'] }));
