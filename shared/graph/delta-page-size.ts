// The page size asked of Graph delta rounds when none is configured: the largest Graph honours.
// Contact delta caps `odata.maxpagesize` at 200 (Microsoft Q&A, "contact: delta API what limit can we use for odata.maxpagesize").

export const DEFAULT_DELTA_PAGE_SIZE = 200;
