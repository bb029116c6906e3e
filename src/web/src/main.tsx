import { createRoot } from "react-dom/client";

createRoot(document.getElementById("app")!).render(<p>Proceedings Hub console</p>);
