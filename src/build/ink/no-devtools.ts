// Stands in for react-devtools-core in the bundle: Ink imports it only when DEV=true, and a
// monitor on a production host has no React DevTools to talk to.
export default {
  initialize(): void {},
  connectToDevTools(): void {},
};
