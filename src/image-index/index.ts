/**
 * Assembling the published index from platform images and their attestations, and its annotations.
 * Pure: no I/O.
 */
export {
  type AssembleOptions,
  type AssembledIndex,
  type MediaTypeChoice,
  type SourceImage,
  assembleIndex,
  chooseMediaType,
  indexPlatform
} from './assemble.js'
export {
  type AnnotationLine,
  type ParsedAnnotations,
  REVISION_ANNOTATION,
  SOURCE_ANNOTATION,
  defaultIndexAnnotations,
  mergeAnnotations,
  parseAnnotations
} from './annotations.js'
