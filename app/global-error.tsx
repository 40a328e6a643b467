'use client';

/** Last resort when the root layout itself fails: no catalogue is available, so all four languages. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="fr-BE">
      <body>
        <main
          id="main"
          style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '40rem', margin: '3rem auto', padding: '0 1rem' }}
        >
          <h1>Erreur du serveur — Serverfout — Serverfehler — Server error</h1>
          <p lang="fr-BE">
            Une erreur inattendue s’est produite. Rien de ce que vous aviez enregistré n’est perdu. Réessayez dans un
            instant.
          </p>
          <p lang="nl-BE">
            Er is een onverwachte fout opgetreden. Niets van wat u had opgeslagen is verloren. Probeer het zo meteen
            opnieuw.
          </p>
          <p lang="de-BE">
            Ein unerwarteter Fehler ist aufgetreten. Nichts, was Sie gespeichert hatten, ist verloren. Versuchen Sie es
            gleich noch einmal.
          </p>
          <p lang="en">An unexpected error occurred. Nothing you had saved is lost. Please try again in a moment.</p>
          {error.digest ? (
            <p>
              Ref. <code>{error.digest}</code>
            </p>
          ) : null}
        </main>
      </body>
    </html>
  );
}
