/**
 * Node 20 adds Symbol.dispose and Symbol.asyncDispose to its own realm only; a jest test file runs
 * in a vm realm without them. playwright-core (bundled with `using` declarations) then defines its
 * disposers under "undefined" and fails every frame operation with "Object not disposable" (clicks
 * inside an iframe, boundingBox of an element in one). Loaded before playwright-core.
 */
const symbols = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
symbols.dispose ??= Symbol.for('nodejs.dispose');
symbols.asyncDispose ??= Symbol.for('nodejs.asyncDispose');

export {};
