// convstep heatmap: colours a tensor slice stored as a single-channel float texture through the
// palette's 256-entry lookup table, one flat colour per cell (texelFetch, no filtering), row 0 at
// the top. NaN cells get the "no value" colour; thin grid lines separate cells of 4 px or more.
#version 330 core

uniform sampler2D u_values;      // R32F, cols x rows, row 0 first
uniform sampler2D u_lut;         // RGBA8, 256 x 1, the scale from t = 0 to t = 1
uniform vec2 u_size;             // framebuffer size in pixels
uniform ivec2 u_cells;           // (cols, rows)
uniform vec2 u_range;            // (lo, hi): lo maps to t = 0, hi to t = 1
uniform vec4 u_no_value_color;   // fill for NaN
uniform vec4 u_grid_color;
uniform bool u_grid;             // draw grid lines (only honoured when cells are >= 4 px)

out vec4 frag_color;

// The cell a pixel column (or row) at `pixel` falls in, with `count` cells over `extent` pixels.
int cell_of(float pixel, int count, float extent) {
  return min(int(floor(pixel * float(count) / extent)), count - 1);
}

void main() {
  // Pixel centres, measured from the top-left so row 0 is drawn at the top.
  float x = gl_FragCoord.x;
  float y = u_size.y - gl_FragCoord.y;
  int col = cell_of(x, u_cells.x, u_size.x);
  int row = cell_of(y, u_cells.y, u_size.y);

  vec2 cell_px = u_size / vec2(u_cells);
  if (u_grid && min(cell_px.x, cell_px.y) >= 4.0) {
    // The first pixel of every cell but the first row/column is a line.
    bool left_edge = col > 0 && cell_of(x - 1.0, u_cells.x, u_size.x) != col;
    bool top_edge = row > 0 && cell_of(y - 1.0, u_cells.y, u_size.y) != row;
    if (left_edge || top_edge) {
      frag_color = u_grid_color;
      return;
    }
  }

  float value = texelFetch(u_values, ivec2(col, row), 0).r;
  if (isnan(value)) {
    frag_color = u_no_value_color;
    return;
  }
  float span = u_range.y - u_range.x;
  float t = span > 0.0 ? clamp((value - u_range.x) / span, 0.0, 1.0) : 0.5;
  // Sample between entry centres so linear filtering interpolates the table as the CPU does.
  frag_color = vec4(texture(u_lut, vec2((t * 255.0 + 0.5) / 256.0, 0.5)).rgb, 1.0);
}
