import { FirstBindings } from '../storage/first-bindings.js';

/** What binding a customer reference to a session gave. */
export interface CustomerBinding {
  /** The session's customer reference: the first one bound, whatever was asked for later. */
  customer: string;
  /** True when another reference had been bound first (the one asked for was ignored). */
  conflict: boolean;
}

/**
 * The customer reference of each session (the `customer` claim of the first token of the
 * session that carries one), in `${dataDir}/customers/` (see {@link FirstBindings}).
 */
export class SessionCustomers {
  private readonly bindings: FirstBindings;

  constructor(dataDir: string) {
    this.bindings = new FirstBindings(dataDir, 'customers', 'customer');
  }

  /** The session's customer reference, or `undefined` when no token carried one yet. */
  of(sessionId: string): Promise<string | undefined> {
    return this.bindings.of(sessionId);
  }

  /** Binds `customer` to the session unless one is bound already (then that one stays). */
  async bind(sessionId: string, customer: string): Promise<CustomerBinding> {
    const { value, conflict } = await this.bindings.bind(sessionId, customer);
    return { customer: value, conflict };
  }
}
