"""The domain: entities, value objects and pure rules. It imports nothing of custreg but itself."""
