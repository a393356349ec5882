// The options the seed's Zustand store passes to io(), unchanged: what a dashboard built on the seed
// connects with. One copy, so the scripts that stand in for the seed cannot drift apart.
export const seedOptions = (token) => ({
  auth: { token },
  transports: ['websocket', 'polling'],
  reconnection: true,
  reconnectionAttempts: 10,
  reconnectionDelay: 3000,
});
