/**
 * Test child for change-passphrase-crash.spec.ts, run by plain Node with
 * type stripping: `node ...TYPESCRIPT_CHILD_NODE_ARGS <this> <dataDir>
 * <current> <next> <step> <logN>`. It changes the passphrase and SIGKILLs
 * itself right after `step`, the way a power cut or crash would stop it:
 * no cleanup, no finally blocks, no flushing.
 *
 * Node does not add the `.ts` extension or `/index.ts` that our extensionless
 * imports rely on (the bundler and vitest do): the spec loads
 * scripts/ts-resolve-hook.mjs with `--import` to add them.
 */
import { VaultService } from './vault-service';

const [dataDir, current, next, killAfter, logN] = process.argv.slice(2);
if (
  dataDir === undefined ||
  current === undefined ||
  next === undefined ||
  killAfter === undefined
) {
  throw new Error('usage: <dataDir> <current> <next> <step> <logN>');
}
const vault = new VaultService({ dataDir, logN: Number(logN) });
const result = await vault.changePassphrase(current, next, {
  afterStep(step) {
    if (step === killAfter) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(JSON.stringify(result));
