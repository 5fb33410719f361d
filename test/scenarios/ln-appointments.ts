// LN appointments for scenario tests: whole-hour UTC times some days ahead, and a meeting organized by the first
// employee (a sync user) with only their own organizer line.

/** `days` from today at `hour`:00 UTC, in LN's second-precision ISO form. */
export function future(days: number, hour: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Appointment `A{i}` from `start` to `end`, organized by EMP000001 with an invited organizer line. */
export function organizerAppointment(i: number, start: string, end: string) {
  return {
    Activity: `A${i}`, Type: 'Appointment' as const, Subject: `Appointment ${i}`, Text: 'Agenda', Location: 'Room 1',
    StartDate: start, EndDate: end, Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee' as const, Employee: 'EMP000001', Attendance: 'MeetingOrganizer' as const, Invite: true }],
  };
}
