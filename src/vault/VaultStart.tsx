import { useState } from 'react';
import Dexie from 'dexie';
import { useTranslation } from 'react-i18next';
import { DATABASE_NAME } from '../db/schema';
import type { VaultError, VaultSession, VaultStatus } from '../domain/api';
import { FirstStartScreen } from './FirstStartScreen';
import { UnlockScreen } from './UnlockScreen';

export interface VaultStartProps {
  initialStatus: VaultStatus;
  /** Receives the records key once; the caller imports it and drops the string. */
  onSession: (session: VaultSession) => void;
}

/** Before the records are open: first start when there is no key file, else the unlock screen. */
export function VaultStart({ initialStatus, onSession }: VaultStartProps) {
  const { t } = useTranslation('vault');
  const [screen, setScreen] = useState<'create' | 'unlock'>(
    initialStatus.state === 'absent' ? 'create' : 'unlock',
  );
  const [wipedNotice, setWipedNotice] = useState(false);
  const [unlockAfterCreate, setUnlockAfterCreate] = useState<{
    status: VaultStatus;
    error: VaultError;
  }>();

  if (screen === 'create') {
    return (
      <FirstStartScreen
        onSession={onSession}
        notice={wipedNotice ? t('error.wipedAfterFailures') : undefined}
        onCreatedLocked={(status, error) => {
          setUnlockAfterCreate({ status, error });
          setScreen('unlock');
        }}
      />
    );
  }
  return (
    <UnlockScreen
      initialStatus={unlockAfterCreate?.status ?? initialStatus}
      initialError={unlockAfterCreate?.error}
      onSession={onSession}
      onWipedAfterFailures={() => {
        // Main destroyed keys.age and cleared the storage; remove this window's copy too.
        void Dexie.delete(DATABASE_NAME)
          .catch(() => undefined)
          .then(() => {
            setWipedNotice(true);
            setScreen('create');
          });
      }}
    />
  );
}
