// The app: the login form, or the signed-in shell with its API client and event stream.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { LoginForm } from './login-form.js';
import { Shell } from './shell.js';
import { clearToken, storeToken, takeToken } from './token.js';

/** Shows the login form until there is a token, then the console. */
export function App(props: { initialToken: string | null }) {
  const [token, setToken] = useState(props.initialToken);
  const [message, setMessage] = useState<string | null>(null);
  // A login URL pasted into a tab that already shows the console changes only the fragment.
  useEffect(() => {
    const onHash = (): void => {
      if (!location.hash.startsWith('#token=')) return;
      const taken = takeToken();
      if (taken !== null) setToken(taken);
    };
    addEventListener('hashchange', onHash);
    return () => {
      removeEventListener('hashchange', onHash);
    };
  }, []);
  const signOut = useCallback((why: string | null) => {
    clearToken();
    setToken(null);
    setMessage(why);
  }, []);
  const signIn = useCallback((value: string) => {
    storeToken(value);
    setMessage(null);
    setToken(value);
    if (location.hash === '' || location.hash === '#') location.hash = '#/approvals';
  }, []);
  const shell = useMemo(
    () => (token === null ? null : <Shell key={token} token={token} onSignOut={signOut} />),
    [token, signOut],
  );
  return shell ?? <LoginForm message={message} onSignIn={signIn} />;
}
