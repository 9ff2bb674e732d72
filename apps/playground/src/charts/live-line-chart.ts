import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface LiveSeries {
  readonly label: string;
  readonly color: string;
  /** 'points' for raw samples, 'line' for a smoothed curve. */
  readonly style: 'points' | 'line';
}

export interface LiveChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LiveSeries[];
  readonly width?: number;
  readonly height?: number;
  readonly formatY?: (value: number) => string;
}

/**
 * A uPlot chart fed point by point while a run goes on; redraws at most once per animation frame, so
 * thousands of tokens a second cost the page nothing. `data-points` on its element counts the points
 * drawn (the browser test reads it).
 */
export class LiveLineChart {
  readonly element: HTMLElement;
  private readonly x: number[] = [];
  private readonly ys: (number | null)[][];
  private readonly plot: uPlot;
  private pending = false;

  constructor(options: LiveChartOptions) {
    this.element = document.createElement('div');
    this.element.className = 'card live-chart';
    this.element.dataset.points = '0';
    this.ys = options.series.map(() => []);
    const formatY = options.formatY;
    this.plot = new uPlot(
      {
        title: options.title,
        width: options.width ?? 560,
        height: options.height ?? 300,
        scales: { x: { time: false } },
        legend: { live: false },
        axes: [
          { label: options.xLabel },
          {
            label: options.yLabel,
            size: formatY ? 90 : 60,
            ...(formatY ? { values: (_u, v) => v.map(formatY) } : {}),
          },
        ],
        series: [
          { label: options.xLabel },
          ...options.series.map((s) =>
            s.style === 'points'
              ? { label: s.label, stroke: s.color, width: 0, points: { show: true, size: 3, fill: s.color } }
              : { label: s.label, stroke: s.color, width: 2, points: { show: false } },
          ),
        ],
      },
      [[], ...options.series.map(() => [])],
      this.element,
    );
  }

  /** Sets series `index` at x (x values arrive in increasing order; a new x opens a row for all series). */
  add(x: number, index: number, y: number): void {
    let row = this.x.lastIndexOf(x);
    if (row < 0) {
      row = this.x.findIndex((v) => v > x);
      if (row < 0) row = this.x.length;
      this.x.splice(row, 0, x);
      for (const ys of this.ys) ys.splice(row, 0, null);
    }
    this.ys[index]![row] = y;
    this.schedule();
  }

  clear(): void {
    this.x.length = 0;
    for (const ys of this.ys) ys.length = 0;
    this.schedule();
  }

  get pointCount(): number {
    return this.ys.reduce((n, ys) => n + ys.filter((y) => y !== null).length, 0);
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.x, ...this.ys] as uPlot.AlignedData);
      this.element.dataset.points = String(this.pointCount);
    });
  }
}
