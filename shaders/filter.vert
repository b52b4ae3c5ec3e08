// convstep filter preview: one triangle covering the whole render target; every pass of
// shaders/filter.frag works out its pixel from gl_FragCoord, so no vertex data is needed.
#version 330 core

void main() {
  // gl_VertexID 0, 1, 2 -> (-1, -1), (3, -1), (-1, 3): a triangle that contains the clip square.
  vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
  gl_Position = vec4(corner, 0.0, 1.0);
}
