pytest_plugins = ["cleaner.testing"]  # the run_pipeline fixture
