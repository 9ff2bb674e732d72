import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// The same Chromium as packages/conformance's browser run (Debian's, CA_CHROMIUM overrides), without
// its WebGPU/SwiftShader flags: this test checks the page as a plain headless browser sees it, where
// the GPU choices must not appear.
export const CHROMIUM_PATH = process.env.CA_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** packages/conformance's flags for a WebGPU adapter and WebGL on SwiftShader (CPU), no GPU needed. */
const SOFTWARE_GPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--disable-gpu-sandbox',
];

export function launchChromium(options: { readonly softwareGpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...ARGS, ...(options.softwareGpu ? SOFTWARE_GPU_ARGS : [])],
  });
}
