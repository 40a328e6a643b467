/**
 * `npm start` (after the migrations): the server as lib/runtime/serve.mjs runs it, under
 * Litestream's continuous replication when RELAIS_REPLICA_URL is set (lib/runtime/replication.mjs,
 * decision 0028). Without it, this is serve.mjs itself, in this same process.
 */
if (process.env.RELAIS_REPLICA_URL) {
  const { runUnderLitestream } = await import('./replication.mjs');
  try {
    process.exitCode = await runUnderLitestream(process.argv.slice(2));
  } catch (e) {
    console.error(`[replication] ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
} else {
  await import('./serve.mjs');
}
