class Settings:
    def reload(self):
        pass

settings = Settings()
