// The one list of test projects. vitest.config.ts loads it as `test.projects`;
// add a package's tests here and nowhere else.
import type { TestProjectInlineConfiguration } from 'vitest/config';

const pkg = (name: string, options: { timeoutMs?: number } = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    root: `packages/${name}`,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: options.timeoutMs ?? 20_000,
    hookTimeout: 60_000,
  },
});

const projects: TestProjectInlineConfiguration[] = [
  pkg('core', { timeoutMs: 30_000 }),
  pkg('hl7', { timeoutMs: 60_000 }),
  pkg('fhir-insurance'),
  pkg('payments', { timeoutMs: 60_000 }),
  pkg('wearables', { timeoutMs: 60_000 }),
  pkg('telemedicine'),
  pkg('next'),
  {
    extends: true,
    test: {
      name: 'next-clinic-e2e',
      root: 'examples/next-clinic',
      include: ['e2e/**/*.test.ts'],
      globalSetup: ['e2e/server.ts'],
      testTimeout: 60_000,
      hookTimeout: 240_000,
      fileParallelism: false,
    },
  },
];

export default projects;
