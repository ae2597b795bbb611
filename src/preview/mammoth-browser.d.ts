// mammoth's own browser bundle (a browserify UMD build). Importing `mammoth` (lib/) fails under
// the dev server with a circular require, so the previewer loads this file; it has the same API.
declare module 'mammoth/mammoth.browser.js' {
  import mammoth from 'mammoth';
  export default mammoth;
}
