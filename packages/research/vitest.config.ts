import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@constant-attention/source'] },
  ssr: { resolve: { conditions: ['@constant-attention/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
