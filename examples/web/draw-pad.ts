// A canvas to draw a digit on with the mouse, a pen or a finger: white ink on black, as
// MNIST stores digits (1 is ink).

export class DrawPad {
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;

  /** `onStroke` runs when a stroke ends (the pointer is lifted). */
  constructor(readonly canvas: HTMLCanvasElement, private readonly onStroke: () => void, readonly lineWidth = canvas.width / 12) {
    this.ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    // Touch strokes draw instead of scrolling the page.
    canvas.style.touchAction = 'none';
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.last = this.position(e);
      this.segment(this.last, this.last);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.last) return;
      const p = this.position(e);
      this.segment(this.last, p);
      this.last = p;
    });
    const end = () => {
      if (!this.last) return;
      this.last = null;
      this.onStroke();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Ink intensities in [0, 1], row-major, canvas.width x canvas.height. */
  ink(): Float32Array {
    const { data } = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    const out = new Float32Array(data.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = data[4 * i] / 255;
    return out;
  }

  /** The event's position in canvas pixels (the canvas may be shown scaled by CSS). */
  private position(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * (this.canvas.width / r.width), y: (e.clientY - r.top) * (this.canvas.height / r.height) };
  }

  private segment(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const c = this.ctx;
    if (a.x === b.x && a.y === b.y) {
      // A dot: canvases may drop a zero-length line, caps and all.
      c.fillStyle = '#fff';
      c.beginPath();
      c.arc(a.x, a.y, this.lineWidth / 2, 0, 2 * Math.PI);
      c.fill();
      return;
    }
    c.strokeStyle = '#fff';
    c.lineWidth = this.lineWidth;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(a.x, a.y);
    c.lineTo(b.x, b.y);
    c.stroke();
  }
}
