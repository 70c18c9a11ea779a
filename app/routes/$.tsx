// Any address no page answers: a 404 thrown from a route, so the root loader runs and the "not found"
// page shows inside the signed-in user's shell (with the navigation and a way back).
export async function loader() {
  throw new Response("", { status: 404 });
}

export default function NotFound() {
  return null;
}
