import { registeredBackends } from '@constant-attention/core';
import { describe, it } from 'vitest';
import { loadBackendPackages } from '../src/backends/load-backend-packages.js';
import { ALL_ENVS, selectEnvs } from '../src/suite/all-envs.js';
import { describeConformance } from '../src/suite/describe-conformance.js';

// CA_ENVS=ref,ort:cpu narrows the run; by default every Node env in ALL_ENVS is covered.
const packages = await loadBackendPackages();
const nodeEnvs = ALL_ENVS.filter((e) => e.runtime === 'node');

for (const env of selectEnvs(process.env.CA_ENVS, nodeEnvs)) {
  const pkg = packages.find((p) => p.backend === env.backend);
  if (pkg?.state === 'broken') {
    describe(`conformance on ${env.label}`, () => {
      it('imports its backend package', () => {
        throw new Error(pkg.reason);
      });
    });
  } else if (!registeredBackends().some((r) => r.name === env.backend)) {
    const why = pkg?.state === 'absent' ? pkg.reason : `backend '${env.backend}' is not registered`;
    describe.skip(`conformance on ${env.label} — SKIPPED: ${why}`, () => {
      it('runs once the backend registers itself', () => {});
    });
  } else {
    describeConformance(env);
  }
}
