import { ConferenceSchema, type Conference, type SessionInfo } from '@multaqa/shared';

const INTERPRETATION = ['en', 'fr', 'es', 'tr', 'ur', 'ms'];

type Slot = Pick<SessionInfo, 'id' | 'title' | 'kind' | 'day' | 'room'> & { start: string; end: string };

const SLOTS: Slot[] = [
  { id: 'plenary-1', title: 'Opening plenary: knowledge without borders', kind: 'plenary', day: 0, room: 'Main hall', start: '09:00', end: '10:30' },
  { id: 'plenary-2', title: 'Media, trust and community', kind: 'plenary', day: 0, room: 'Main hall', start: '11:00', end: '12:30' },
  { id: 'workshop-1', title: 'Workshop: building local networks', kind: 'workshop', day: 0, room: 'Room A', start: '14:00', end: '15:30' },
  { id: 'plenary-3', title: 'Education in a changing world', kind: 'plenary', day: 0, room: 'Main hall', start: '16:00', end: '17:30' },
  { id: 'plenary-4', title: 'Economy and ethics', kind: 'plenary', day: 1, room: 'Main hall', start: '09:00', end: '10:30' },
  { id: 'workshop-2', title: 'Workshop: youth and volunteering', kind: 'workshop', day: 1, room: 'Room B', start: '11:00', end: '12:30' },
  { id: 'plenary-5', title: 'Health and society', kind: 'plenary', day: 1, room: 'Main hall', start: '14:00', end: '15:30' },
  { id: 'plenary-6', title: 'Closing plenary: recommendations', kind: 'plenary', day: 1, room: 'Main hall', start: '16:00', end: '17:30' },
];

/** The demo conference seeded on first start: two days, eight sessions, Arabic floor, six booths. */
export function demoConference(firstDay = '2026-12-05'): Conference {
  const dayDate = (day: number) => {
    const date = new Date(`${firstDay}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + day);
    return date.toISOString().slice(0, 10);
  };
  return ConferenceSchema.parse({
    id: 'multaqa-demo',
    title: 'Multaqa demo conference',
    timeZone: 'UTC',
    floorLanguage: 'ar',
    interpretationLanguages: INTERPRETATION,
    days: [
      { date: dayDate(0), label: 'Day 1' },
      { date: dayDate(1), label: 'Day 2' },
    ],
    sessions: SLOTS.map((slot) => ({
      id: slot.id,
      conferenceId: 'multaqa-demo',
      title: slot.title,
      kind: slot.kind,
      day: slot.day,
      room: slot.room,
      startsAt: `${dayDate(slot.day)}T${slot.start}:00Z`,
      endsAt: `${dayDate(slot.day)}T${slot.end}:00Z`,
      floorLanguage: 'ar',
      interpretationLanguages: INTERPRETATION,
      speakerTimeLimitSeconds: slot.kind === 'plenary' ? 300 : 180,
    })),
  });
}
