"""Load generation with Locust: the scenario file (`locustfile.py`) and a runner for tests and benchmarks."""
