import { createContext, useContext } from 'react';
import type { Repository } from '../db/repository-types';

export const RepositoryContext = createContext<Repository | null>(null);

/** The open repository; components never open the database themselves. */
export function useRepository(): Repository {
  const repository = useContext(RepositoryContext);
  if (!repository) throw new Error('useRepository outside RepositoryContext');
  return repository;
}
