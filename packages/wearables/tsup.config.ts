import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

// zod/mini is bundled (tree-shaken to the validators the schemas use), so importing an entry
// does not pay for loading zod's whole module graph (~75 ms).
export default defineConfig(packageBuild(import.meta.dirname, { noExternal: ['zod'] }));
