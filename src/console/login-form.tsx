// The sign-in form: one labelled password field for the API token.
import { useState } from 'preact/hooks';

/** Asks for the token `serve` printed; `message` says why (e.g. it was refused). */
export function LoginForm(props: { message: string | null; onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  return (
    <main id="main" class="login">
      <h1>agent-libos console</h1>
      <p>
        Open the login URL that <code>agent-libos serve</code> printed, or paste its token here.
      </p>
      {props.message !== null && (
        <p role="alert" class="error">
          {props.message}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = token.trim();
          if (value !== '') props.onSignIn(value);
        }}
      >
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          value={token}
          onInput={(e) => {
            setToken(e.currentTarget.value);
          }}
        />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
