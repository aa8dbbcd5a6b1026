/* The signature pad of the buyer's pages: the buyer writes the signature with a finger or a mouse; the strokes
 * (points in pad coordinates, 0–1000 across and 0–400 down) go to the notary, whose pad service draws the image
 * and signs its live-capture metadata. Nothing can be picked from an album here (R002.4). */
"use strict";

(function () {
  const { el } = window.Portal;
  const WIDTH = 1000, HEIGHT = 400;

  function signaturePad(label) {
    const canvas = el("canvas", { class: "pad", width: WIDTH, height: HEIGHT, role: "img", "aria-label": label });
    const ctx = canvas.getContext("2d");
    const strokes = [];
    let current = null;

    const point = (event) => {
      const box = canvas.getBoundingClientRect();
      const x = Math.round(((event.clientX - box.left) / box.width) * WIDTH);
      const y = Math.round(((event.clientY - box.top) / box.height) * HEIGHT);
      return [Math.min(WIDTH, Math.max(0, x)), Math.min(HEIGHT, Math.max(0, y))];
    };

    function draw() {
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      ctx.strokeStyle = "#111827";
      ctx.lineWidth = 6;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      for (const stroke of strokes) {
        ctx.beginPath();
        stroke.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        if (stroke.length === 1) ctx.lineTo(stroke[0][0] + 0.1, stroke[0][1]);
        ctx.stroke();
      }
    }

    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      if (strokes.length >= 100) return;
      current = [point(event)];
      strokes.push(current);
      draw();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!current || current.length >= 2000) return;
      const next = point(event);
      const last = current[current.length - 1];
      if (next[0] === last[0] && next[1] === last[1]) return;
      current.push(next);
      draw();
    });
    const stop = () => { current = null; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);

    return {
      node: el("div", { class: "pad-wrap" }, canvas),
      canvas,
      strokes: () => strokes.map((s) => s.map((p) => [p[0], p[1]])),
      points: () => strokes.reduce((n, s) => n + s.length, 0),
      clear() { strokes.length = 0; current = null; draw(); },
    };
  }

  window.Portal.signaturePad = signaturePad;
})();
