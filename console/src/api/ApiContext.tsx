import { createContext, useContext } from 'react';
import { ApiClient } from './client';

export interface ConsoleSession {
  client: ApiClient;
  /** Forgets the secret and shows the sign-in screen again. */
  signOut?: () => void;
}

const Context = createContext<ConsoleSession>({ client: new ApiClient() });

export const ApiProvider = Context.Provider;

/** The client every page talks to the engine with. */
export function useApi(): ApiClient {
  return useContext(Context).client;
}

export function useConsoleSession(): ConsoleSession {
  return useContext(Context);
}
