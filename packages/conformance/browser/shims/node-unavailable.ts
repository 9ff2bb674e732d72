// Any other node: builtin. Backends import these lazily, only on their Node code paths.
export default {};
