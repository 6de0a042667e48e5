import { useId, useState, type FormEvent } from 'react';
import { CharacterCount } from '../../components/CharacterCount.tsx';
import type { SessionController } from '../../state/sessionController.ts';
import type { ChatMessage, SessionState } from '../../state/sessionState.ts';
import { controlState } from '../../state/pendingActions.ts';
import { busyProps } from '../../components/busyProps.ts';

/** As the protocol takes it (booth:sendChat). */
const CHAT_LIMIT = 500;

/** Text between booth partners ("take over at :30?"), never seen by anyone else. */
export function BoothChat({ controller, messages, pending }: { controller: SessionController; messages: ChatMessage[]; pending: SessionState['pending'] }) {
  const [text, setText] = useState('');
  const inputId = useId();
  const countId = useId();
  const send = (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message) return;
    // The field keeps the words until they went out (a refused message can be sent again).
    void controller.sendBoothChat(message).then((sent) => sent && setText((now) => (now.trim() === message ? '' : now)));
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
        <input id={inputId} value={text} maxLength={CHAT_LIMIT} aria-describedby={countId} onChange={(e) => setText(e.target.value)} />
        <button type="submit" {...busyProps(controlState(pending, 'booth:sendChat'))}>
          Send
        </button>
        <CharacterCount id={countId} length={text.length} limit={CHAT_LIMIT} />
      </form>
    </section>
  );
}
