// Teeth: every scenario fails under the confirm and category-sandbox baselines it declares.
import { describeTeeth } from './teeth-kit.js';

await describeTeeth(['confirm', 'category-sandbox']);
