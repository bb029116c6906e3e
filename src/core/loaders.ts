// The context's per-request DataLoaders. Each module adds its own by augmenting this interface
// (`declare module "../../core/loaders"`) and offering a factory in its surface; core knows none
// of them.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}
