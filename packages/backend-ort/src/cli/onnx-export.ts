#!/usr/bin/env node
import { type Graph, reportCliError } from '@constant-attention/core';
import { exportOnnx } from '../export/export-onnx.js';
import { writeOnnxFile } from '../export/write-onnx-file.js';
import { buildExportGraph, USAGE } from './export-command.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const { graph, out, opset } = buildExportGraph(argv);
  const bytes = exportOnnx(graph, { opset, name: argv[0], docString: `onnx-export ${argv.join(' ')}` });
  await writeOnnxFile(out, bytes);
  const describe = (vs: Graph['inputs']) => vs.map((v) => v.name).join(', ');
  console.log(
    `wrote ${out} (${bytes.length} bytes); inputs: ${describe(graph.inputs)}; outputs: ${describe(graph.outputs)}`,
  );
}

main().catch((err: unknown) => {
  process.exitCode = reportCliError(err, (text) => process.stderr.write(text));
});
