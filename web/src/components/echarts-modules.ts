/**
 * The echarts modules the app draws with (bar and line charts, grid, tooltip, aria, canvas
 * renderer), registered once. Imported only by EChart, on demand: echarts is most of the app's
 * weight, and a page shows its figures before its chart's code has arrived.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export { init };
