import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initInterfaceLanguage } from './i18n/init.ts';
import './styles.css';

// The first render waits for the interface language's catalogue (one small chunk): no flash of English.
void initInterfaceLanguage().finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
