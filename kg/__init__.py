"""kg: knowledge graphs from Chinese government news."""
