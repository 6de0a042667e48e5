import { useId, useState, type FormEvent } from 'react';
import type { SessionController } from '../../state/sessionController.ts';
import type { ChatMessage } from '../../state/sessionState.ts';

/** Text between booth partners ("take over at :30?"), never seen by anyone else. */
export function BoothChat({ controller, messages }: { controller: SessionController; messages: ChatMessage[] }) {
  const [text, setText] = useState('');
  const inputId = useId();
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    void controller.sendBoothChat(text.trim());
    setText('');
  };
  return (
    <section className="booth-chat" aria-label="Booth chat">
      <ol>
        {messages.map((message) => (
          <li key={`${message.sentAt}-${message.from.id}`}>
            <strong>{message.from.name}:</strong> {message.text}
          </li>
        ))}
      </ol>
      <form onSubmit={send}>
        <label htmlFor={inputId} className="booth-chat-label">
          Message to your booth partner
        </label>
        <input id={inputId} value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}
