import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  evidenceSourceFor,
  makeTempDir,
  newSender,
  removeDir,
  type EvidenceFixture,
} from '../../../electron/services/bundle/bundle-fixtures.testing';
import { openBundle } from '../../../electron/services/bundle/open-bundle';
import { writeBundle } from '../../../electron/services/bundle/write-bundle';
import type { IncomingBundle } from '../../../src/db/incoming-bundle';
import { sampleActorBody, sampleIncidentBody } from '../../../src/db/test-repository';
import { importChangedNothing } from '../../../src/domain/exchange';
import { openTestDevice, sharedState, type TestDevice } from './sync-devices';

/**
 * The whole way once: A's collectExport written by the real writeBundle
 * (age, tar, signed manifest) with an evidence file, opened by the real
 * openBundle with B's identity, merged by B's importBundle.
 */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function device(name: string): Promise<TestDevice> {
  const opened = await openTestDevice(name);
  cleanup.push(() => opened.repo.close());
  return opened;
}

async function bundleFromA(a: TestDevice, dir: string, file: EvidenceFixture, recipient: string) {
  const keys = newSender('A');
  const collected = await a.repo.collectExport({ scope: { kind: 'full' }, includeEvidence: true });
  const written = await writeBundle({
    recipients: [recipient],
    signingSeed: keys.signingSeed,
    sender: keys.sender,
    scope: { kind: 'full' },
    records: collected.records,
    evidenceFiles: evidenceSourceFor([file]),
    outputPath: join(dir, 'a.depter'),
  });
  await a.repo.markExported({
    contactIds: [],
    bundleId: written.bundleId,
    changeSeq: collected.changeSeq,
    sent: collected.sent,
  });
  return { path: written.paths[0] as string, keys };
}

describe('a real bundle from A merged into B', () => {
  it('adds every record, names the staged file, and changes nothing the second time', async () => {
    const dir = await makeTempDir('depter-merge-');
    cleanup.push(() => removeDir(dir));
    const bytes = Buffer.from('видео с марша 18 марта'.repeat(1000));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file: EvidenceFixture = {
      sha256,
      path: join(dir, 'video.mp4'),
      bytes,
      mime: 'video/mp4',
    };
    await writeFile(file.path, bytes);

    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody());
    await a.repo.createActor(sampleActorBody());
    await a.repo.recordAttachment(
      {
        sha256,
        size: bytes.length,
        mime: 'video/mp4',
        originalName: 'марш.mp4',
        modifiedAt: '',
        alreadyStored: false,
      },
      incident.id,
    );
    const identityB = newSender('B').identity;
    const { path } = await bundleFromA(a, dir, file, identityB.recipient);

    // The evidence store's side, as the import handlers use it: a file
    // already stored is not staged again.
    const inStore = new Set<string>();
    const importInto = async (target: TestDevice) => {
      const staged = await openBundle(path, [identityB.identity], {
        stagingDir: join(dir, `staging-${Date.now()}-${Math.random()}`),
      });
      const incoming: IncomingBundle = {
        bundleId: staged.manifest.bundleId,
        sender: {
          deviceId: staged.manifest.sender.deviceId,
          name: staged.manifest.sender.name,
          fingerprint: staged.fingerprint,
        },
        records: staged.records,
        stagedFiles: [...staged.evidenceFiles.keys()].filter((hash) => !inStore.has(hash)),
      };
      const outcome = await target.repo.importBundle(incoming);
      outcome.commitFiles.forEach((hash) => inStore.add(hash));
      return outcome;
    };

    const first = await importInto(b);
    expect(first.report.incidents.added).toBe(1);
    expect(first.report.actors.added).toBe(1);
    expect(first.report.evidence).toEqual({ records: 1, filesAdded: 1, conflicts: 0 });
    expect(first.commitFiles).toEqual([sha256]);
    expect(await sharedState(b)).toEqual(await sharedState(a));

    const second = await importInto(b);
    expect(importChangedNothing(second.report)).toBe(true);
    expect(second.commitFiles).toEqual([]);
  });
});
