"""An example cleaner plugin package; the plugin itself is the module `captions`."""
